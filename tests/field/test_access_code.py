"""Access codes: typable, without look-alikes, with a check letter that catches typos."""

from __future__ import annotations

import itertools

from surveyapp.field import access_code
from surveyapp.field.access_code import Problem


def test_a_code_has_twelve_letters_without_look_alikes_in_three_groups():
    code = access_code.make("0" * 32, "key")
    assert len(code) == 12 and set(code) <= set(access_code.ALPHABET)
    assert not set("BILOSZ0123456789") & set(access_code.ALPHABET)
    printed = access_code.formatted(code)
    assert printed.count("-") == 2 and [len(part) for part in printed.split("-")] == [4, 4, 4]
    assert access_code.read(printed.lower().replace("-", " ")).problem is None


def test_every_single_wrong_letter_and_every_swap_of_neighbours_is_caught():
    code = access_code.make("a salt", "key")
    for position, letter in itertools.product(range(12), access_code.ALPHABET):
        if code[position] != letter:
            typo = code[:position] + letter + code[position + 1 :]
            assert access_code.read(typo).problem is Problem.CHECK
    swaps = [
        code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        for i in range(11)
        if code[i] != code[i + 1]
    ]
    caught = [access_code.read(swap).problem is Problem.CHECK for swap in swaps]
    assert sum(caught) >= len(caught) - 1  # Luhn misses one pair of the 20 letters at most


def test_a_foreign_character_is_named_with_its_place():
    read = access_code.read("ACD0-FGHJ-KMNP")
    assert (read.problem, read.character, read.position) == (Problem.FOREIGN_CHARACTER, "0", 4)
    assert access_code.read("ACDE-FGHJ").problem is Problem.LENGTH
    assert access_code.read("  ").problem is Problem.EMPTY


def test_a_code_depends_on_salt_and_key():
    assert access_code.make("salt", "key") != access_code.make("salt", "other key")
    assert access_code.make("salt", "key") != access_code.make("other salt", "key")
