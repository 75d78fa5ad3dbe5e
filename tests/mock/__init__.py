"""modelarts-mock: answers, recording, the official SDK against it."""
