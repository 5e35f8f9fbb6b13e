"""Sync client: delivers the outbox to the provincial server exactly once, urgent first."""
