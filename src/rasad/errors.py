"""The errors rasad raises on purpose; each message says what went wrong and what to do."""


class RasadError(Exception):
    """Base of every error rasad raises on purpose."""


class InputError(RasadError):
    """An input could not be read or is not an article (names the file and line)."""


class StageError(RasadError):
    """A pipeline stage failed on one article."""


class PipelineError(RasadError):
    """The pipeline is assembled wrongly (a stage's requirement is not provided)."""


class StoreError(RasadError):
    """The store could not read or write."""


class DataError(RasadError):
    """A language data file is missing or malformed."""
