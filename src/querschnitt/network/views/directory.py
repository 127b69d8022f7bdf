"""The public directory of organisations and its exports (being built)."""

from querschnitt.network.views._stub import NotBuiltYet, not_built_yet

DirectoryView = NotBuiltYet
OrganisationDetail = NotBuiltYet
directory_export = not_built_yet
