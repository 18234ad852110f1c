from tests.factories.actions import *  # noqa: F401,F403
from tests.factories.core import *  # noqa: F401,F403
from tests.factories.experts import *  # noqa: F401,F403
from tests.factories.requests import *  # noqa: F401,F403
