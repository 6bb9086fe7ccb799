// A network's nodes (core's GraphNode) as the GraphDiagram widget draws them: a box's kind (its
// colour), its title and its detail line ("64×32×32 · 9,472 params"). Shared by the Model mode
// and the Images mode's Graph tab.
#pragma once

#include "core/modelsession.h"
#include "graphdiagram.h"

#include <QList>

namespace ds::app {

QList<widgets::GraphDiagramNode> diagramNodes(const std::vector<GraphNode> &nodes);

} // namespace ds::app
