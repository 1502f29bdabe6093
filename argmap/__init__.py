"""argmap: build, weigh and present argument maps of decisions."""

__version__ = "0.1.0"
