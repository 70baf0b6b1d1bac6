"""Personal links: unguessable, reproducible with the key, useless with the database alone."""

from surveyapp.field import tokens


def test_link_has_at_least_128_bits_and_is_not_stored():
    salt = tokens.new_salt()
    token = tokens.token_for(salt, "key-one")
    assert len(bytes.fromhex(salt)) * 8 >= 128
    assert len(token) >= 32
    assert token not in salt
    assert tokens.digest(token) != token


def test_same_link_can_be_printed_again_but_not_without_the_key():
    salt = tokens.new_salt()
    assert tokens.token_for(salt, "key-one") == tokens.token_for(salt, "key-one")
    assert tokens.token_for(salt, "key-one") != tokens.token_for(salt, "another-key")


def test_a_link_is_printed_again_under_the_key_that_made_it():
    salt = tokens.new_salt()
    sent = tokens.token_for(salt, "old-key")
    assert tokens.token_as_sent(salt, tokens.digest(sent), ["new-key", "old-key"]) == sent
    assert tokens.token_as_sent(salt, tokens.digest(sent), ["new-key"]) is None


def test_a_link_counts_only_while_its_key_is_configured():
    salt = tokens.new_salt()
    sent = tokens.token_for(salt, "old-key")
    assert tokens.made_with(sent, salt, ["new-key", "old-key"])
    assert not tokens.made_with(sent, salt, ["new-key"])
