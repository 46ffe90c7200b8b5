"""What coodie 1.9.3 does on an LWT, on the real database: the facts the registry builds on."""

from uuid import uuid4

from conftest import run

from registry.models import User, UsernameClaim, VoidedId


def test_insert_if_not_exists_returns_the_winner_in_the_same_round_trip(client):
    name = f"m_{uuid4().hex[:10]}"
    first, second = (
        UsernameClaim(username=name, user_id=uuid4()),
        UsernameClaim(username=name, user_id=uuid4()),
    )
    assert run(first.insert()).applied
    lost = run(second.insert())
    assert not lost.applied
    assert lost.existing["user_id"] == first.user_id  # the whole existing row comes back


def test_a_failed_conditional_update_returns_only_the_condition_column(client):
    user = User(username="m", email="m@example.com", display_name="M")
    assert run(user.insert()).applied
    assert run(
        User(**user.model_dump()).update(if_conditions={"version": 1}, display_name="A", version=2)
    ).applied

    stale = User(**user.model_dump())  # still believes version 1
    result = run(stale.update(if_conditions={"version": 1}, display_name="B", version=2))
    assert not result.applied
    assert result.existing == {"version": 2}  # not the winner's display_name: read the row again
    # ...and coodie copied the losing values onto the instance anyway: never trust it after a loss.
    assert stale.display_name == "B"
    assert run(User.get(user_id=user.user_id)).display_name == "A"


def test_conditional_update_of_a_deleted_row_is_not_applied_and_creates_nothing(client):
    user = User(username="gone", email="gone@example.com", display_name="Gone")
    result = run(user.update(if_conditions={"version": 1}, display_name="Ghost", version=2))
    assert not result.applied and result.existing is None
    assert run(User.find_one(user_id=user.user_id)) is None


def test_delete_if_exists_is_applied_once(client):
    user = User(username="d", email="d@example.com", display_name="D")
    run(user.insert())
    assert run(user.delete(if_exists=True)).applied
    again = run(user.delete(if_exists=True))
    assert not again.applied and again.existing is None


def test_a_void_row_and_the_account_insert_exclude_each_other(client):
    """The fact settling rests on: of INSERT ... IF NOT EXISTS for an account and for a void row
    of the same id, Paxos applies whichever comes first and refuses the other, whatever the order."""
    late = User(username="late", email="late@example.com", display_name="Late")
    assert run(VoidedId(user_id=late.user_id).insert()).applied
    refused = run(late.insert())
    assert not refused.applied and refused.existing["voided"] is True and refused.existing["username"] is None

    early = User(username="early", email="early@example.com", display_name="Early")
    assert run(early.insert()).applied
    too_late = run(VoidedId(user_id=early.user_id).insert())
    assert not too_late.applied and too_late.existing["voided"] is False
    assert run(User.get(user_id=early.user_id)).username == "early"
