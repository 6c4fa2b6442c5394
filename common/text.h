#pragma once

// The text functions every service uses: Unicode basics, input cleaning, search folding and
// identity keys. Each lives in its own file under common/text/.
#include "common/text/clean.h"
#include "common/text/fold.h"
#include "common/text/identity.h"
#include "common/text/unicode.h"
