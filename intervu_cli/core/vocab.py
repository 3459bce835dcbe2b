"""The words modules agree on: phases, the interviewer's acts, hint levels, what triggered a test
run, how an interview ended. Each is a `str` enum, so a stored event (JSON) reads back as the
same value and `Phase.CODE == "code"`; code compares against these names, never bare strings.
"""

from __future__ import annotations

from enum import Enum


class Token(str, Enum):
    """A string with a fixed set of values; prints as its value."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Phase(Token):
    """The interview's phases, in order."""

    INTRO = "intro"
    CLARIFY = "clarify"
    APPROACH = "approach"
    CODE = "code"
    VERIFY = "verify"
    COMPLEXITY = "complexity"
    WRAP_UP = "wrap-up"


class HintLevel(Token):
    """The hint ladder, in order."""

    NUDGE = "nudge"
    HINT = "hint"
    REVEAL = "reveal"


class Act(Token):
    """What the interviewer does in a turn: decided by the policy, worded by a template or the LLM."""

    GREET = "greet"
    WELCOME_BACK = "welcome_back"
    ANSWER_QUESTION = "answer_question"
    ASK_APPROACH = "ask_approach"
    PROBE_APPROACH = "probe_approach"
    PUSH_OPTIMAL = "push_optimal"
    GO_CODE = "go_code"
    NOTE_CODING = "note_coding"
    ACK = "ack"
    ACK_FIX = "ack_fix"
    ASK_RUN = "ask_run"
    REPORT_RUN = "report_run"
    REPORT_RUN_WITH_HINT = "report_run_with_hint"
    TESTS_PASS_PROBE_EDGES = "tests_pass_probe_edges"
    TESTS_PASS_ASK_COMPLEXITY = "tests_pass_ask_complexity"
    PUSH_VERIFY = "push_verify"
    PUSH_TRACE = "push_trace"
    ASK_COMPLEXITY = "ask_complexity"
    ASK_COMPLEXITY_AGAIN = "ask_complexity_again"
    QUESTION_COMPLEXITY = "question_complexity"
    CONFIRM_COMPLEXITY = "confirm_complexity"
    CORRECT_COMPLEXITY = "correct_complexity"
    FOLLOW_UP = "follow_up"
    GIVE_HINT = "give_hint"
    DECLINE_SOLUTION = "decline_solution"
    HOLD_HINT = "hold_hint"
    REPEAT_REVEAL = "repeat_reveal"
    TIME_WARNING = "time_warning"
    TIME_UP = "time_up"
    CLOSE = "close"
    YOUR_CALL = "your_call"  # a question the problem leaves open: the candidate states an assumption
    ACK_ASSUMPTION = "ack_assumption"
    ASK_APPROACH_COMPLEXITY = "ask_approach_complexity"
    ACK_THINKING = "ack_thinking"
    ACK_TRACE = "ack_trace"
    ACK_EDGES = "ack_edges"
    CHECK_IN = "check_in"  # "what are you thinking?" before more help
    DECLINE_MANIPULATION = "decline_manipulation"
    DEFLECT = "deflect"  # small talk, or a question about the job before the end
    ANSWER_ROLE = "answer_role"  # a question about the job, at the end
    ASK_FOR_QUESTIONS = "ask_for_questions"  # "any questions for me?"
    NO_CODE_YET = "no_code_yet"


class RunTrigger(Token):
    """Why a test run happened: the candidate ran or submitted, or the engine checked the final code
    at a finish or at the end."""

    RUN = "run"
    SUBMIT = "submit"
    FINISH = "finish"
    END = "end"


class EndReason(Token):
    FINISHED = "finished"
    TIME_UP = "time_up"


class Hearing(Token):
    """What the listening side reports: the recognizer's turn events (`speech_start`, `partial`,
    `speech_end`, `final`) and, while the interviewer speaks, the duplex listener's (`onset` of the
    candidate's voice over it, a `backchannel` that did not interrupt, a `barge_in` that did;
    `silence` as a turn may be ending, `resumed` when it goes on), and `error` from its thread."""

    SPEECH_START = "speech_start"
    PARTIAL = "partial"
    SPEECH_END = "speech_end"
    FINAL = "final"
    SILENCE = "silence"
    RESUMED = "resumed"
    ONSET = "onset"
    BACKCHANNEL = "backchannel"
    BARGE_IN = "barge_in"
    ERROR = "error"
