// ncursesw for Swift: the system library's header. Function-like macros (COLOR_PAIR, A_*,
// getmaxyx) cannot be imported by Swift; CNCursesShim wraps the ones the Control Center needs.
#ifndef ORK_CNCURSESW_SHIM_H
#define ORK_CNCURSESW_SHIM_H
#include <curses.h>
#include <locale.h>
#include <langinfo.h>
#endif
