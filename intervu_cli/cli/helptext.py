"""How `--help` reads: flowing paragraphs, and no type label on an option.

Two habits of typer 0.29's rich help that read as defects, fixed here once for every command rather
than in each docstring:

- it labels every option and argument with its Python type (`--help <bool>`, `<list[Path]>`), with no
  setting to turn that off: the label comes from `display_type_rich` of its parameter classes, so the
  parameters are given subclasses that return none;
- in its default (rich) markup it keeps a docstring's hard line breaks in a command's short help (the
  list of commands) and in every paragraph but the first of its long help, so a description breaks
  mid-sentence: the help of each command is re-flowed, one line per paragraph, keeping the deliberate
  paragraph breaks (a blank line) and click's verbatim blocks (a paragraph that starts with \\b).

`IntervuGroup` is the root group's class (app.py): typer builds every subcommand and subgroup before
the root group, so the root's constructor reaches all of them. Typer has no hook for the classes of
the parameters it builds (nor of --help, which click makes only when it is asked for), so what it built
is given those subclasses by reassigning `__class__` (same layout: they add no slot).
"""

from __future__ import annotations

import inspect

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def flowing(text: str) -> str:
    """The help text with each paragraph on one line: single line breaks become spaces, blank lines
    stay (and a \\b verbatim paragraph, and whatever follows \\f, stay as written)."""
    text = inspect.cleandoc(text)
    shown, cut, hidden = text.partition("\f")
    paragraphs = [p if p.startswith("\b") else " ".join(p.split()) for p in shown.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) + cut + hidden


class _UntypedOption(TyperOption):
    __slots__ = ()  # the same layout as the class it replaces (__class__ is reassigned)

    def display_type_rich(self, ctx) -> str:
        return ""


class _UntypedArgument(TyperArgument):
    __slots__ = ()  # the same layout as the class it replaces (__class__ is reassigned)

    def display_type_rich(self, ctx) -> str:
        return ""

    def _usage_display_name(self) -> str:
        """`intervu run [OPTIONS] SLUG FILE`, as the README writes usage, not typer's `{SLUG} {FILE}`."""
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


_UNTYPED = {TyperOption: _UntypedOption, TyperArgument: _UntypedArgument}


def _untyped(param):
    untyped = _UNTYPED.get(type(param))
    if untyped is not None:
        param.__class__ = untyped
    if untyped is _UntypedArgument and param.metavar is None and param.name:
        param.metavar = param.name.upper()  # `intervu run SLUG FILE`, as the README writes it, not `{slug} {file}`
    return param


class _Command(TyperCommand):
    __slots__ = ()

    def get_help_option(self, ctx):
        """The --help option, which click makes only when help is asked for, without its label too."""
        return _untyped(super().get_help_option(ctx))


class _Group(TyperGroup):
    __slots__ = ()

    def get_help_option(self, ctx):
        return _untyped(super().get_help_option(ctx))


_TIDY = {TyperCommand: _Command, TyperGroup: _Group}


def _tidy(command) -> None:
    """Re-flow the help of a command and its parameters, drop their type labels, then do the same for
    its subcommands."""
    tidy = _TIDY.get(type(command))
    if tidy is not None:
        command.__class__ = tidy
    if command.help:
        command.help = flowing(command.help)
    if command.short_help:
        command.short_help = flowing(command.short_help)
    for param in command.params:
        _untyped(param)
        if getattr(param, "help", None):
            param.help = flowing(param.help)
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


class IntervuGroup(_Group):
    """The root group: tidies the help of the whole command tree once it is built."""

    __slots__ = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)
