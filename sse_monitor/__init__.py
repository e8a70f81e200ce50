__version__ = "0.0.1"

from .ids import *
from .indicators import *
from .config import *
from .runtime import *
from .assets import *
from .monitor import *
from .server import *
from .share import *
from .middleware import *
from .hub import *
from .hub_mux import *
