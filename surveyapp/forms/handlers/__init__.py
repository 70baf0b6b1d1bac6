"""One handler per question type; `handler_for` is the only lookup the page form needs."""

from __future__ import annotations

from surveyapp.forms.handlers.base import FieldProblem, Handler
from surveyapp.forms.handlers.calculate import CalculateHandler
from surveyapp.forms.handlers.choice import BooleanHandler, MultipleHandler, SingleHandler
from surveyapp.forms.handlers.dates import DateHandler
from surveyapp.forms.handlers.grid import GridHandler
from surveyapp.forms.handlers.matrix import MatrixHandler
from surveyapp.forms.handlers.number import NumberHandler
from surveyapp.forms.handlers.ranking import RankingHandler
from surveyapp.forms.handlers.roster import RosterHandler
from surveyapp.forms.handlers.text import NoteHandler, TextHandler
from surveyapp.questionnaire.model import Question, QuestionType

HANDLERS: dict[QuestionType, Handler] = {
    QuestionType.SINGLE: SingleHandler(),
    QuestionType.MULTIPLE: MultipleHandler(),
    QuestionType.MATRIX: MatrixHandler(),
    QuestionType.INTEGER: NumberHandler(),
    QuestionType.DECIMAL: NumberHandler(),
    QuestionType.TEXT: TextHandler(),
    QuestionType.TEXTAREA: TextHandler(),
    QuestionType.DATE: DateHandler(),
    QuestionType.BOOLEAN: BooleanHandler(),
    QuestionType.NOTE: NoteHandler(),
    QuestionType.CALCULATE: CalculateHandler(),
    QuestionType.GRID: GridHandler(),
    QuestionType.RANKING: RankingHandler(),
}


def handler_for(question: Question) -> Handler:
    return HANDLERS[question.type]


#: A roster asks its questions through their own handlers, found by the same lookup.
HANDLERS[QuestionType.ROSTER] = RosterHandler(handler_for)


__all__ = ["FieldProblem", "HANDLERS", "Handler", "handler_for"]
