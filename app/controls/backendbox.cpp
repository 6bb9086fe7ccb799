#include "backendbox.h"

#include "backends.h"

#include <QComboBox>
#include <QStandardItemModel>

namespace ds::app {

void fillBackendBox(QComboBox *box)
{
    for (const BackendInfo &b : probeBackends()) {
        const QString label = QString::fromStdString(b.label);
        QString text = "CPU";
        if (b.id != "cpu")
            text = b.available ? "GPU: " + label : "GPU (off)";
        box->addItem(text, QString::fromStdString(b.id));
        const int i = box->count() - 1;
        box->setItemData(i, b.available ? label : QString::fromStdString(b.reason), Qt::ToolTipRole);
        if (!b.available)
            qobject_cast<QStandardItemModel *>(box->model())->item(i)->setEnabled(false);
    }
}

} // namespace ds::app
