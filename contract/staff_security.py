"""A staff person's own safety: a new password by mail, their sessions, two-factor log-in."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from contract.fields import Body, Moment, NewPassword, Shape

#: A code as typed: six digits from the app, or a recovery code ("3f9a1c-07be42").
OneTimeCode = Annotated[str, Field(max_length=32, examples=["123456"])]
LinkToken = Annotated[str, Field(max_length=200)]


class StaffResetRequest(Body):
    email: Annotated[str, Field(max_length=254)]


class StaffNewPassword(Body):
    token: LinkToken
    password: NewPassword


class CodeNeeded(Shape):
    """The password was right and the account logs in with a code from an app too: send the code
    with this challenge to /login/code within five minutes."""

    status: Literal["code_needed"] = "code_needed"
    challenge: str


class LoginCode(Body):
    challenge: Annotated[str, Field(max_length=500)]
    code: OneTimeCode


class StaffSession(Shape):
    id: str
    started_at: Moment
    device: str = Field(description="the browser or program that logged in, as it named itself")
    current: bool = Field(description="the session of this request")


class StaffSessions(Shape):
    sessions: list[StaffSession]


class SessionsEnded(Shape):
    ended: int


class TwoFactorState(Shape):
    enabled: bool
    required: bool = Field(description="the business requires two-factor log-in of everyone")
    recovery_codes_left: int


class TwoFactorSetup(Shape):
    """A fresh secret for the app: scan the QR code (or type the secret), then confirm a code."""

    secret: str
    uri: str
    qr_svg: str


class TwoFactorOn(Body):
    secret: Annotated[str, Field(max_length=64)]
    code: OneTimeCode


class RecoveryCodes(Shape):
    """Each works once instead of a code from the app; they are shown this once."""

    recovery_codes: list[str]


class TwoFactorOff(Body):
    code: OneTimeCode


class TwoFactorRequired(Body):
    required: bool
