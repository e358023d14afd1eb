"""The model server of this service."""
