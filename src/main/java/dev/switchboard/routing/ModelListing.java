package dev.switchboard.routing;

import dev.switchboard.model.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client can really ask for, from names that might be: the ones routing creates (aliases, exact-name
 * rules, the default model), those credentials list, and those upstreams list. A name stays when the router
 * has a plan for it by name (so excluded and unserved names drop out), owned by the provider that serves it
 * first; each name once, in the order given.
 */
public final class ModelListing {
    private ModelListing() {}

    public static List<ModelInfo> visible(Router router, List<ModelInfo> configured, List<ModelInfo> upstream) {
        Map<String, ModelInfo> byId = new LinkedHashMap<>();
        List<String> candidates = new ArrayList<>();
        configured.forEach(m -> candidates.add(m.id()));
        candidates.addAll(router.namedModels());
        upstream.forEach(m -> candidates.add(m.id()));
        // An upstream's own description of a model (its native JSON) is kept, whoever is listed as its owner.
        Map<String, Optional<dev.switchboard.model.NativeBody>> details = new LinkedHashMap<>();
        upstream.forEach(m -> { if (m.details().isPresent()) details.putIfAbsent(m.id(), m.details()); });
        for (String id : candidates) {
            if (byId.containsKey(id)) continue;
            owner(router, id).ifPresent(owner -> byId.put(id,
                    new ModelInfo(id, owner, details.getOrDefault(id, Optional.empty()))));
        }
        return List.copyOf(byId.values());
    }

    private static Optional<String> owner(Router router, String id) {
        return router.planByName(id).flatMap(p -> p.targets().stream().findFirst()).map(RouteTarget::provider);
    }
}
