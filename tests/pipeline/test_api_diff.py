"""`api-diff` on Cal.com's real snapshots reports the known changes (cal-api-v2.md §10), classified right."""

from __future__ import annotations

import subprocess
import sys

from openapi.diff import ApiDiff
from tests.conftest import ROOT, shared_spec_path

SLOTS = "cal_client.api.slots"
FIRST = ("2024-12-09", "2025-04-17")
SECOND = ("2025-04-17", "2025-09-26")


def one(diff: ApiDiff, kind: str, subject: str, text: str = "") -> bool:
    """The single change of that kind on that Python name; returns its verdict."""
    found = diff.find(kind=kind, subject=subject, text=text)
    assert len(found) == 1, f"{kind} {subject} {text!r}: {found}"
    return found[0].breaking


# -- 2024-12-09 -> 2025-04-17 -------------------------------------------------------------------------


def test_legacy_slots_endpoints_removed_are_breaking(diffs):
    diff = diffs[FIRST]
    assert one(diff, "operation-removed", f"{SLOTS}.delete_selected_slot", "DELETE /v2/slots/selected-slot")
    # The Python names get_available_slots / reserve_slot survive but call the new versioned routes.
    assert one(diff, "operation-repointed", f"{SLOTS}.get_available_slots", "now calls GET /v2/slots")
    assert one(diff, "operation-repointed", f"{SLOTS}.reserve_slot", "POST /v2/slots/reservations")
    for old, new in (("start_time", "start"), ("end_time", "end")):
        assert one(diff, "parameter-removed", f"{SLOTS}.get_available_slots", f"`{old}`")
        assert one(diff, "parameter-added", f"{SLOTS}.get_available_slots", f"new required query parameter `{new}`")
    assert one(diff, "parameter-removed", f"{SLOTS}.get_available_slots", "`username_list`")


def test_other_removed_operations(diffs):
    diff = diffs[FIRST]
    removed = {c.subject for c in diff.find(kind="operation-removed")}
    assert removed == {
        f"{SLOTS}.delete_selected_slot",
        "cal_client.api.platform_google_calendar.check",
        "cal_client.api.platform_google_calendar.redirect",
        "cal_client.api.platform_google_calendar.save",
        "cal_client.api.platform_cal_provider.verify_client_id",
        "cal_client.api.platform_cal_provider.verify_access_token",
        "cal_client.api.timezones.get_time_zones",
    }
    assert all(c.breaking for c in diff.find(kind="operation-removed"))
    # 9 operations left the spec; two of them hand their Python name to their successor.
    assert diff.stats["operations_removed"] == 9
    assert len(diff.find(kind="operation-repointed")) == 2
    assert diff.stats["operations"] == (135, 179)


def test_renamed_operation_ids_keep_their_python_names(diffs):
    diff = diffs[FIRST]
    renamed = diff.find(kind="operation-id-renamed")
    assert len(renamed) == 8  # §10.2: the attribute-options controller (7) and removeSelectedCalendar
    assert all(not c.breaking and "Python name kept" in c.detail for c in renamed)
    assert (
        one(
            diff,
            "operation-id-renamed",
            "cal_client.api.selected_calendars.delete_selected_calendar",
            "SelectedCalendarsController_removeSelectedCalendar → SelectedCalendarsController_deleteSelectedCalendar",
        )
        is False
    )
    assert not diff.find(kind="operation-moved")


def test_parameter_changes_first_transition(diffs):
    diff = diffs[FIRST]
    busy = "cal_client.api.calendars.get_busy_times"
    assert one(diff, "parameter-removed", busy, "`calendars_to_load`")
    assert one(diff, "parameter-added", busy, "new required query parameter `credential_id`")
    assert one(diff, "parameter-added", busy, "new required query parameter `external_id`")
    redirect = "cal_client.api.calendars.redirect"
    assert one(diff, "parameter-added", redirect, "new required query parameter `is_dry_run`")


def test_request_and_response_field_changes_first_transition(diffs):
    diff = diffs[FIRST]
    models = "cal_client.models"
    # Inputs relaxed: required -> optional in a request is not breaking.
    assert one(diff, "field-now-optional", f"{models}.CreateBookingInput20240813.event_type_id") is False
    # Inputs tightened on paper: a new required request field is breaking.
    assert one(diff, "field-added-required", f"{models}.TextFieldInput20240614.hidden") is True
    # Outputs gained required fields: not breaking for readers.
    assert one(diff, "field-added-required", f"{models}.BookingOutput20240813.updated_at") is False
    # EventTypeOutput dropped fields from `required`: readers may now meet UNSET.
    relaxed = [c for c in diff.find(kind="field-now-optional") if ".EventTypeOutput20240614." in c.subject]
    assert len(relaxed) == 22 and all(c.breaking for c in relaxed)


def test_no_false_model_renames_first_transition(diffs):
    # DataDto is swapped for a model with the same fields at the same place; the gcal envelopes,
    # whose fields merely share names with other envelopes, are plain removals.
    assert diffs[FIRST].renames == {"DataDto": "CreateOAuthClientOutput"}
    assert one(diffs[FIRST], "model-removed", "cal_client.models.GcalAuthUrlOutput") is True


# -- 2025-04-17 -> 2025-09-26 -------------------------------------------------------------------------


def test_slot_format_renamed_format_is_removed_plus_added(diffs):
    diff = diffs[SECOND]
    slots = f"{SLOTS}.get_available_slots"
    assert one(diff, "parameter-removed", slots, "`slot_format` (`slotFormat`)") is True
    assert one(diff, "parameter-added", slots, "new optional query parameter `format_` (`format`)") is False
    assert one(diff, "parameter-added", slots, "`booking_uid_to_reschedule`") is False
    assert "may replace it" in diff.find(kind="parameter-removed", subject=slots)[0].detail


def test_attendee_renamed_create_booking_attendee(diffs):
    diff = diffs[SECOND]
    assert diff.renames == {"Attendee": "CreateBookingAttendee"}
    change = diff.find(kind="model-renamed", subject="cal_client.models.Attendee")
    assert len(change) == 1 and change[0].breaking
    for name in (
        "cal_client.models.CreateBookingAttendee",
        "`cal_client.models.attendee` → `cal_client.models.create_booking_attendee`",
        "`AttendeeLanguage` → `CreateBookingAttendeeLanguage`",
    ):
        assert name in change[0].detail
    # A rename is not also reported as a removal plus an addition.
    assert not diff.find(subject="cal_client.models.Attendee", kind="model-removed")
    assert not diff.find(subject="cal_client.models.CreateBookingAttendee", kind="model-added")
    # Where Attendee was replaced by a different model, that is a type change of the field.
    assert one(diff, "field-type", "cal_client.models.BookingOutput20240813.attendees", "BookingAttendee") is True


def test_second_transition_removals_and_params(diffs):
    diff = diffs[SECOND]
    assert one(diff, "operation-removed", "cal_client.api.stripe.check_team_stripe_connection") is True
    assert one(diff, "model-removed", "cal_client.models.TeamEventTypeResponseHost") is True
    for op in ("get_all_teams", "get_my_teams"):
        for param in ("take", "skip"):
            assert one(diff, "parameter-removed", f"cal_client.api.orgs_teams.{op}", f"`{param}`") is True
    assert diff.stats["operations"] == (179, 230)
    assert diff.stats["operations_added"] == 52 and diff.stats["operations_removed"] == 1
    added = diff.find(kind="operation-added")
    assert len(added) == 52 and not any(c.breaking for c in added)
    # §10.3: all operationIds and tags unchanged.
    assert not diff.find(kind="operation-id-renamed") and not diff.find(kind="operation-moved")


def test_response_requirements_second_transition(diffs):
    diff = diffs[SECOND]
    assert one(diff, "field-added-required", "cal_client.models.GetBookingsOutput20240813.pagination") is False
    assert one(diff, "field-added-required", "cal_client.models.EventTypeOutput20240614.hidden") is False


def test_markdown_breaking_first_grouped_by_tag(diffs):
    text = diffs[SECOND].to_markdown()
    breaking, non_breaking = text.index("## Breaking changes"), text.index("## Non-breaking changes")
    assert breaking < non_breaking
    head = text[breaking:non_breaking]
    assert "### Slots" in head and "`cal_client.api.slots.get_available_slots`: query parameter `slot_format`" in head
    assert "`cal_client.models.Attendee`: model renamed upstream" in head
    assert "new operation GET /v2/bookings/{bookingUid}/recordings" in text[non_breaking:]
    # Every entry names a Python name of the SDK.
    entries = [line for line in text.splitlines() if line.startswith("- ")]
    assert entries and all(line.startswith("- `cal_client.") for line in entries)
    assert len(entries) == len(diffs[SECOND].changes)


def test_cli_and_make_target(tmp_path):
    old, new = shared_spec_path("2025-04-17"), shared_spec_path("2025-09-26")
    out = tmp_path / "changes.md"
    proc = subprocess.run(
        [sys.executable, "-m", "openapi", "api-diff", str(old), str(new), "-o", str(out), "--fail-on-breaking"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr  # there are breaking changes
    assert "renamed models: Attendee → CreateBookingAttendee" in proc.stderr
    assert out.read_text().startswith("# API changes: cal-v2-2025-04-17.json → cal-v2-2025-09-26.json")
    made = tmp_path / "make.md"
    proc = subprocess.run(
        ["make", "-s", "api-diff", f"OLD={old}", f"NEW={new}", f"OUT={made}"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert made.read_text() == out.read_text()
