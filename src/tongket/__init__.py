"""tongket: the annual plan, collect, track, meet and review cycle of a provincial department."""

__version__ = "0.1.0"
