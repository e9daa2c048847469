"""Prompt functions receive {vars, provider} and return a string or a list of chat messages."""


def polite_question(context):
    country = context["vars"]["country"]
    return "Please tell me: what is the capital city of %s?" % country
