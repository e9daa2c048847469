"""A Python 'app' under test: answers capital-city questions from a small table.

Assay calls call_api(prompt, options, context) in a persistent worker process, so the table is
built once per worker, not once per test.
"""

import re

CAPITALS = {"France": "Paris", "Japan": "Tokyo", "Kenya": "Nairobi", "Peru": "Lima"}


def answer(question):
    for country, capital in CAPITALS.items():
        if re.search(r"\b%s\b" % country, question):
            return "The capital of %s is %s." % (country, capital)
    return "I do not know."


def call_api(prompt, options, context):
    output = answer(prompt)
    words = len(prompt.split())
    return {
        "output": output,
        "tokenUsage": {"prompt": words, "completion": len(output.split()), "total": words + len(output.split())},
        "metadata": {"country": context["vars"].get("country")},
    }
