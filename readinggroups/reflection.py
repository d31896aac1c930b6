"""Reflective models: the questions a session pack asks and the prompts a reflective form gives.

Prompts only ever ask; the nurse's reflection stays in the nurse's own words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReflectiveModel:
    key: str
    name: str
    reference: str
    discussion: tuple[str, ...]
    # Short prompts for NMC questions 2, 3 and 4, in that order.
    prompts: tuple[str, str, str]
    # The same for a workshop, which has no article to discuss (None: the prompts above
    # already say nothing of one).
    workshop_prompts: tuple[str, str, str] | None = None

    def prompts_for(self, workshop: bool) -> tuple[str, str, str]:
        """The prompts for a reading group's form, or a workshop's."""
        return (self.workshop_prompts or self.prompts) if workshop else self.prompts


MODELS = {
    "rolfe": ReflectiveModel(
        "rolfe",
        "Rolfe et al. — What? So what? Now what?",
        "Rolfe G, Freshwater D, Jasper M. Critical reflection for nursing and the helping "
        "professions. Palgrave; 2001.",
        (
            "What? What is the article about, and what did the authors find?",
            "What? What struck you most when you read it?",
            "So what? How does this compare with what happens in your own practice?",
            "So what? How strong is the evidence, and would it apply to the people you care for?",
            "Now what? What will you do differently, or keep doing, as a result?",
            "Now what? What would help you, or your team, to put this into practice?",
        ),
        (
            "So what? What did the article and the group's discussion add to what you knew?",
            "Now what? What have you done, or will you do, differently in your practice?",
            "Which parts of the Code does this relate to, and how?",
        ),
        (
            "So what? What did the workshop add to what you knew and could do?",
            "Now what? What have you done, or will you do, differently in your practice?",
            "Which parts of the Code does this relate to, and how?",
        ),
    ),
    "gibbs": ReflectiveModel(
        "gibbs",
        "Gibbs' reflective cycle",
        "Gibbs G. Learning by doing. Further Education Unit; 1988.",
        (
            "Description: what does the article report?",
            "Feelings: what was your reaction to it?",
            "Evaluation: what is good and less good about the study?",
            "Analysis: why might the findings be as they are, and do they fit your practice?",
            "Conclusion: what else could be done in practice in the light of it?",
            "Action plan: what will you do now?",
        ),
        (
            "Analysis and conclusion: what did you learn from the article and the discussion?",
            "Action plan: what have you changed, or will you change, in your practice?",
            "Which parts of the Code does this relate to, and how?",
        ),
        (
            "Analysis and conclusion: what did you learn from the workshop?",
            "Action plan: what have you changed, or will you change, in your practice?",
            "Which parts of the Code does this relate to, and how?",
        ),
    ),
    "kolb": ReflectiveModel(
        "kolb",
        "Kolb's experiential learning cycle",
        "Kolb DA. Experiential learning. Prentice Hall; 1984.",
        (
            "Experience: what does the article describe?",
            "Reflective observation: how does it compare with your experience?",
            "Abstract conceptualisation: what general lessons can be drawn?",
            "Active experimentation: what could you try in practice?",
        ),
        (
            "Abstract conceptualisation: what did you learn?",
            "Active experimentation: what have you tried or changed in your practice?",
            "Which parts of the Code does this relate to, and how?",
        ),
    ),
    "johns": ReflectiveModel(
        "johns",
        "Johns' model for structured reflection",
        "Johns C. Becoming a reflective practitioner. Wiley-Blackwell; 2013.",
        (
            "Looking in: what thoughts and feelings did the article bring up for you?",
            "Looking out: what is the article's message, and who does it affect?",
            "What were the authors trying to achieve, and did they succeed?",
            "How does this connect with what you know from your own practice?",
            "How might you respond differently in a similar situation now?",
        ),
        (
            "Learning: what insight have you gained from the article and the discussion?",
            "What have you changed, or will you change, in how you practise?",
            "Which parts of the Code does this relate to, and how?",
        ),
        (
            "Learning: what insight have you gained from the workshop?",
            "What have you changed, or will you change, in how you practise?",
            "Which parts of the Code does this relate to, and how?",
        ),
    ),
}


def model(key: str) -> ReflectiveModel:
    try:
        return MODELS[key.lower()]
    except KeyError as exc:
        raise ValueError(
            f"unknown reflective model {key!r} — use one of {', '.join(MODELS)}"
        ) from exc
