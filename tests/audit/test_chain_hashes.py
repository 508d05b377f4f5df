"""audit.chain on its own: the hashes that make a trail tamper-evident, with no database."""

from __future__ import annotations

from datetime import UTC, datetime

from webapp.audit import chain

EVENT = {"instance_id": 1, "seq": 1, "at": "2026-05-11T01:30:00+00:00", "action": "completed", "actor_id": 7,
         "decision": "forward", "data": {"comment": "同意"}}


def test_a_link_depends_on_the_previous_hash_and_on_every_chained_field():
    first = chain.link(chain.GENESIS, EVENT)
    assert len(first) == 64 and first == chain.link(chain.GENESIS, dict(EVENT))
    assert chain.link(first, EVENT) != first
    for name, other in (("decision", "return"), ("actor_id", 8), ("data", {"comment": "不同意"})):
        assert chain.link(chain.GENESIS, {**EVENT, name: other}) != first


def test_fields_outside_the_chain_and_key_order_do_not_change_the_hash():
    first = chain.link(chain.GENESIS, EVENT)
    assert chain.link(chain.GENESIS, {**EVENT, "id": 99}) == first
    assert chain.link(chain.GENESIS, dict(reversed(list(EVENT.items())))) == first


def test_times_enter_the_chain_to_the_second():
    moment = datetime(2026, 5, 11, 1, 30, 0, 987654, tzinfo=UTC)
    assert chain.chained_time(moment) == "2026-05-11T01:30:00+00:00"


def test_the_heads_digest_ignores_order_but_not_content():
    heads = [(1, 3, "a" * 64), (2, 1, "b" * 64)]
    assert chain.heads_digest(heads) == chain.heads_digest(list(reversed(heads)))
    assert chain.heads_digest(heads) != chain.heads_digest([(1, 4, "a" * 64), (2, 1, "b" * 64)])


def test_a_checkpoint_hash_covers_its_signature():
    fields = {"seq": 1, "at": "t", "prev_hash": chain.GENESIS, "heads_digest": "d", "heads_count": 2,
              "public_key": "k"}
    assert chain.checkpoint_hash(fields, "sig1") != chain.checkpoint_hash(fields, "sig2")
    assert chain.checkpoint_message(fields) == chain.checkpoint_message(dict(reversed(list(fields.items()))))
