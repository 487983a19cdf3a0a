from partydesk.learning.models.bank import (
    Category,
    Choice,
    Difficulty,
    Kind,
    Question,
    QuestionVersion,
    Tag,
)

__all__ = ["Category", "Choice", "Difficulty", "Kind", "Question", "QuestionVersion", "Tag"]
