"""Generates the test set: one test per country, each with the capital it expects."""

from provider import CAPITALS


def generate_tests():
    return [
        {"description": "capital of %s" % country, "vars": {"country": country, "capital": capital}}
        for country, capital in sorted(CAPITALS.items())
    ]
