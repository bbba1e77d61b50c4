class IngestError(Exception):
    """A file that cannot be ingested; the message names the problem in words a user can act on."""


class StoreUnavailable(IngestError):
    """The Chroma server named cannot be reached: the message says which and what to do."""
