from partydesk.learning.models.bank import (
    Category,
    Choice,
    Difficulty,
    Kind,
    Question,
    QuestionVersion,
    Tag,
)
from partydesk.learning.models.courses import (
    Audience,
    Course,
    CourseClass,
    Enrolment,
    Material,
    Topic,
)

__all__ = [
    "Audience",
    "Category",
    "Choice",
    "Course",
    "CourseClass",
    "Difficulty",
    "Enrolment",
    "Kind",
    "Material",
    "Question",
    "QuestionVersion",
    "Tag",
    "Topic",
]
