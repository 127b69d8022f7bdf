"""Importing lists of organisations (being built)."""

from querschnitt.network.views._stub import NotBuiltYet

ImportUpload = NotBuiltYet
ImportPreview = NotBuiltYet
