"""The sample-controller's job in Kopf: each Foo gets a Deployment (owned by it) and a status."""
import kopf
import kubernetes


@kopf.on.startup()
def login(**_):
    kubernetes.config.load_kube_config()


@kopf.on.create("samplecontroller.k8s.io", "v1alpha1", "foos")
def create_fn(spec, name, namespace, body, **_):
    deployment_name = spec.get("deploymentName", name)
    labels = {"app": "nginx", "controller": name}
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": deployment_name, "labels": labels},
        "spec": {
            "replicas": spec.get("replicas", 1),
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:latest"}]},
            },
        },
    }
    kopf.adopt(deployment, owner=body)
    kubernetes.client.AppsV1Api().create_namespaced_deployment(namespace, deployment)
    return {"availableReplicas": 0}
