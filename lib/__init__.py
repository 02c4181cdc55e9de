"""Django-free helpers: Chinese dates, codes and field validators."""
