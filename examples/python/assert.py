"""A grader: get_assert(output, context) may return a bool, a score, or a grading result dict."""


def get_assert(output, context):
    expected = context["vars"]["capital"]
    ends_well = output.rstrip().endswith(".")
    named = {"mentions_capital": 1.0 if expected in output else 0.0, "full_sentence": 1.0 if ends_well else 0.0}
    score = sum(named.values()) / len(named)
    return {
        "pass": score == 1.0,
        "score": score,
        "reason": "answer names %s in a full sentence" % expected if score == 1.0 else "expected a sentence naming %s" % expected,
        "named_scores": named,
    }
