"""The team: the people of a business, their rights, invitations to join it."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from contract.enums import PersonStatus, Preset, Right, Role
from contract.fields import Body, Email, Moment, Name, NewPassword, Shape
from contract.rights import GRANTABLE


def _grantable(rights: list[Right]) -> list[Right]:
    if any(right not in GRANTABLE for right in rights):
        raise PydanticCustomError("invalid_right", "the licences are the owner's alone")
    return sorted(set(rights))


def _member_preset(preset: Preset) -> Preset:
    if preset == Preset.OWNER:
        raise PydanticCustomError("invalid_right", "there is one owner: the person who signed up")
    return preset


#: Rights a member may be given: any but the licences, each once.
Rights = Annotated[list[Right], Field(max_length=len(Right)), AfterValidator(_grantable)]
MemberPreset = Annotated[Preset, AfterValidator(_member_preset)]


class Person(Shape):
    """A person of the team as the team list shows them."""

    user_id: str
    name: str = Field(description="empty for an invitation not yet taken up without a name")
    email: str
    role: Role
    status: PersonStatus
    rights: list[Right]
    preset: Preset | None = Field(description="the preset the rights are exactly; null: changed one by one")
    staff_id: str | None = Field(description="the person's own calendar; null: administrative, no calendar")
    invited_until: Moment | None = Field(description="when the invitation's link runs out; null once joined")


class Team(Shape):
    people: list[Person]


class Invitation(Body):
    """An invitation by mail. The rights are the preset's unless `rights` names them one by one.
    The person may get a calendar of their own: a new one (named `name`), or an existing calendar
    that nobody logs in to yet."""

    email: Email
    name: Annotated[str, Field(max_length=200)] = ""
    preset: MemberPreset = Preset.PROVIDER
    rights: Rights | None = None
    calendar: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description='"new" for a new calendar, a calendar id for an existing one; null: no calendar'
    )

    @model_validator(mode="after")
    def _named_calendar(self) -> Invitation:
        if self.calendar == "new" and not self.name.strip():
            raise PydanticCustomError(
                "invalid_name", "a new calendar is named after the person: give the name"
            )
        return self


class PersonChange(Body):
    """Rights by preset or one by one, and the person's calendar (null: none); fields left out stay."""

    preset: MemberPreset | None = None
    rights: Rights | None = None
    calendar: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description='"new", a calendar id nobody logs in to yet, or null for no calendar'
    )


class InvitationTaken(Body):
    """Joining the team with the mailed link: the person's name and password."""

    token: Annotated[str, Field(min_length=1, max_length=200)]
    name: Name
    password: NewPassword


class InvitationInfo(Shape):
    """What the link's page shows before the person joins."""

    state: str = Field(description='"ask", "used", "expired" or "unknown"')
    business: str = ""
    email: str = ""
    name: str = ""
