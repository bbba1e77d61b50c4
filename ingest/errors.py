class IngestError(Exception):
    """A file that cannot be ingested; the message names the problem in words a user can act on."""
