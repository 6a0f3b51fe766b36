"""The OpenAPI document is generated from the operations' models: every answer has its schema, every
error the common error body with its codes, and every live event its payload as a component."""

from __future__ import annotations

from typing import Any

from contract.events import EVENTS, PUBLIC_EVENTS
from testkit.app import InProcess

METHODS = ("get", "post", "put", "patch", "delete")


async def _document(app: InProcess) -> dict[str, Any]:
    response = await app.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


async def test_every_answer_has_a_schema_of_its_own(app: InProcess) -> None:
    document = await _document(app)
    schemas = document["components"]["schemas"]
    for method, path, operation in _operations(document):
        success = {status: r for status, r in operation["responses"].items() if status.startswith("2")}
        assert success, (method, path)
        for status, response in success.items():
            if status == "204":
                assert "content" not in response, (method, path)
                continue
            ((media, content),) = response["content"].items()
            if media != "application/json":  # a calendar file, a CSV export, an invoice, a QR code or a card
                assert media in (
                    "text/calendar",
                    "text/csv",
                    "image/png",
                    "image/svg+xml",
                    "application/pdf",
                ), (
                    method,
                    path,
                    media,
                )
                continue
            named = schemas[content["schema"]["$ref"].rsplit("/", 1)[1]]
            # an object, or one of several (an import's preview or its result)
            shapes = [schemas[one["$ref"].rsplit("/", 1)[1]] for one in named.get("anyOf", [])] or [named]
            for shape in shapes:
                assert shape.get("properties"), (method, path, shape)


async def test_every_error_is_the_error_body_with_its_codes(app: InProcess) -> None:
    document = await _document(app)
    body = document["components"]["schemas"]["ErrorBody"]
    assert body["required"] == ["error"]
    for method, path, operation in _operations(document):
        errors = {status: r for status, r in operation["responses"].items() if status[0] in "45"}
        assert "429" in errors and "503" in errors, (method, path)
        for status, response in errors.items():
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
            assert response["x-error-codes"], (method, path, status)
            for code in response["x-error-codes"]:
                assert f"`{code}`" in response["description"]
        binary = "application/octet-stream" in operation.get("requestBody", {}).get("content", {})
        if "requestBody" in operation and not binary:
            assert {"invalid_json", "invalid_text", "missing_field"} <= set(errors["400"]["x-error-codes"])
        if operation.get("security"):
            assert errors["401"]["x-error-codes"] == ["unauthorised"], (method, path)


async def test_the_document_names_the_codes_an_operation_answers_with(app: InProcess) -> None:
    document = await _document(app)
    hold = document["paths"]["/public/{slug}/holds"]["post"]["responses"]
    assert "slot_taken" in hold["409"]["x-error-codes"]
    service = document["paths"]["/services"]["post"]["responses"]
    assert "invalid_duration" in service["400"]["x-error-codes"]
    letters = document["paths"]["/newsletters"]["post"]["responses"]
    assert {"200", "202"} <= set(letters)  # a preview, or the sending
    upload = document["paths"]["/customers/import"]["post"]["requestBody"]["content"]
    assert upload == {"text/csv": {"schema": {"type": "string"}}}


async def test_every_live_event_is_a_component_with_its_payload(app: InProcess) -> None:
    document = await _document(app)
    schemas = document["components"]["schemas"]
    events = document["x-socket-events"]
    assert set(events) == set(EVENTS)
    for name, event in events.items():
        assert event["room"] == ("public" if name in PUBLIC_EVENTS else "staff")
        component = schemas[f"event.{name}"]
        assert event["payload"] == {"$ref": f"#/components/schemas/event.{name}"}
        assert component["title"] == name and component["description"]
        ((payload,),) = [component["allOf"]]
        assert payload["$ref"].rsplit("/", 1)[1] in schemas
    appointment = schemas["Appointment"]["properties"]
    assert {"id", "staff_id", "start", "end", "status", "customer_name"} <= set(appointment)
    public = schemas[schemas["event.slots.changed"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert set(public["properties"]) == {"location_id", "staff_id", "start", "end", "state"}
