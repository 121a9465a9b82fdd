"""The package version: recorded in every output's provenance."""

__version__ = "0.1.0"
