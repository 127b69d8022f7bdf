"""Staff views of organisations (being built)."""

from querschnitt.network.views._stub import NotBuiltYet

OrganisationList = NotBuiltYet
OrganisationCreate = NotBuiltYet
OrganisationEdit = NotBuiltYet
