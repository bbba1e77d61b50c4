class IngestError(Exception):
    """A file that cannot be ingested; the message names the problem in words a user can act on."""


class StoreUnavailable(IngestError):
    """The store named can't be used (a Chroma server that can't be reached, a store of another embedding
    model): the message says which store and what to do."""


class ModelMismatch(StoreUnavailable):
    """The store's vectors were made by another embedding model than the one this process uses."""
