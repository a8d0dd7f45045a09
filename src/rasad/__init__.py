"""rasad (رصد, "watch"): Persian news in, a record of who met whom, who said what, where and when out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rasad")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
