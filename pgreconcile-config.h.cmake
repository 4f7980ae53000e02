// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#define PGRECONCILE_VERSION "@PROJECT_VERSION@"
#define PGRECONCILE_APP_ID "@PGRECONCILE_APP_ID@"
