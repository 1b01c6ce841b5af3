"""Warning category of the engine."""


class DataDroppedWarning(UserWarning):
    """Objects of the file are left out of the Dataset, or overwritten by others of the same name.

    Upstream's engine drops these silently; the Dataset is the same, but ours says so.
    """
