"""Trains the theme suggester and fills missing document vectors now, instead of waiting for the task worker."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Train the theme suggester on the shipped examples and this installation's decisions."

    def handle(self, *args, **options):
        from casereview.library import theme_training
        from casereview.library.similar import vectors_fill

        filled = vectors_fill()
        self.stdout.write(f"Worked out what {filled} library documents are about (for similar reviews and search).")
        stored = theme_training.retrain()
        figures = stored.data
        self.stdout.write(f"Trained on {stored.trained_on} texts; {len(figures['thresholds'])} themes have a "
                          f"threshold of their own, the rest share {figures['default_threshold']}.")
