"""A Python classification provider for the `classifier` assertion.

call_classification_api(prompt, options, context) returns promptfoo's shape: a score per label.
A real one would run a local model (e.g. a Hugging Face pipeline); this one recognises answers
by their wording so the example runs offline.
"""


def call_classification_api(prompt, options, context):
    answered = 0.95 if prompt.startswith("The capital of") else 0.05
    return {"classification": {"answer": answered, "unknown": round(1 - answered, 2)}}


def call_api(prompt, options, context):
    # Only used as a classifier; a Python provider file still names a call_api.
    return {"error": "classifier.py only classifies"}
