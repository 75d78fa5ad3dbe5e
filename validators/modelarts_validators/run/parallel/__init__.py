"""Checking one run's captures on several processes, with the report one process writes:
``plan`` cuts the inputs into tasks, ``worker`` checks a task, ``scheduler`` runs the pool and
puts the outcomes back in order."""

from .plan import default_jobs, workers_for
from .scheduler import Scheduler, WorkerDied
from .worker import Recipe

__all__ = ["Recipe", "Scheduler", "WorkerDied", "default_jobs", "workers_for"]
