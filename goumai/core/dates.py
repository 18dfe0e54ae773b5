from datetime import date


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 29 February becomes 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
