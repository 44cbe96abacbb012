"""Argument helpers shared by the units commands."""

from __future__ import annotations

import argparse
import datetime as dt

from tongket.units.days import parse_day


def day_argument(text: str) -> dt.date:
    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
