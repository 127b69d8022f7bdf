"""The review queue of signatures (being built)."""

from querschnitt.network.views._stub import NotBuiltYet

SignatureQueue = NotBuiltYet
SignatureDecide = NotBuiltYet
