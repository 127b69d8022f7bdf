"""Signals other apps listen to.

`role_invitation_accepted(invitation, user)`: the owner of the invited address accepted a role
in the invitation's municipality (sent inside the accepting transaction, before the invitation
row is removed). An app that invited for a purpose of its own (a body member for a person of a
body) links what it prepared to the account here, never before the owner has accepted.
"""

from django.dispatch import Signal

role_invitation_accepted = Signal()
