"""The spec against the published page."""
