// DisplayStyle: how big and how contrasted the painted widgets draw — one setting for the whole
// app, changed by the window's presentation mode. `scale` multiplies the sizes of points, lines
// and links (text follows the application font); `highContrast` darkens the diverging scale's
// ends and the neutral middle, for washed-out projectors.
#pragma once

namespace ds::widgets {

struct DisplayStyle {
    double scale = 1.0;
    bool highContrast = false;
};

const DisplayStyle &displayStyle();
// Widgets repaint on their next update; the window asks them to.
void setDisplayStyle(const DisplayStyle &style);

} // namespace ds::widgets
