from partydesk.learning.models.analysis import ItemStatistic
from partydesk.learning.models.attendance import Attendance, AttendanceStatus, ClassSession
from partydesk.learning.models.bank import (
    Category,
    Choice,
    Difficulty,
    Kind,
    Question,
    QuestionVersion,
    Tag,
)
from partydesk.learning.models.certificates import Certificate, CertificateStatus
from partydesk.learning.models.courses import (
    Audience,
    Course,
    CourseClass,
    Enrolment,
    Grade,
    Material,
    Topic,
)
from partydesk.learning.models.exams import Answer, Attempt, AttemptStatus, Exam

__all__ = [
    "Answer",
    "Attempt",
    "AttemptStatus",
    "Attendance",
    "AttendanceStatus",
    "Audience",
    "Category",
    "Certificate",
    "CertificateStatus",
    "Choice",
    "ClassSession",
    "Course",
    "CourseClass",
    "Difficulty",
    "Enrolment",
    "Exam",
    "Grade",
    "ItemStatistic",
    "Kind",
    "Material",
    "Question",
    "QuestionVersion",
    "Tag",
    "Topic",
]
