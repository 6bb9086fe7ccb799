#include "displaystyle.h"

namespace ds::widgets {
namespace {

DisplayStyle g_style; // read by paint code on the GUI thread only

} // namespace

const DisplayStyle &displayStyle()
{
    return g_style;
}

void setDisplayStyle(const DisplayStyle &style)
{
    g_style = style;
}

} // namespace ds::widgets
