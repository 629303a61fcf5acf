"""ssrgen: Safeguard Security Reports and Corrective Action Plans for IRS Publication 1075."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ssrgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
