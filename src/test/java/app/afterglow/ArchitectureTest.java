package app.afterglow;

import app.afterglow.core.store.AdapterState;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.store.Transactions;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the project promises — a platform-neutral core, adapters that only translate —
 * checked on the compiled classes, so a fully qualified name or a type reached through a method
 * call counts as much as an import. Test names read as sentences: ArchUnit's engine takes them
 * from the field names (underscores become spaces, see {@code archunit.properties}) and ignores
 * {@code @DisplayName}.
 */
@AnalyzeClasses(packages = "app.afterglow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CORE = "app.afterglow.core..";
    private static final String STORAGE = "app.afterglow.storage..";
    private static final String CONFIG = "app.afterglow.config..";
    private static final String DISCORD = "app.afterglow.discord..";
    private static final String MATRIX = "app.afterglow.matrix..";
    private static final String CONSOLE = "app.afterglow.console..";
    private static final String JDA = "net.dv8tion..";
    private static final String HTTP = "java.net.http..";
    private static final String JDBC = "java.sql..";
    private static final String JDBC_EXTENSIONS = "javax.sql..";

    /**
     * What an adapter may see of the core: the door ({@code Afterglow}, inputs, commands), the
     * messages it renders and the messenger port it implements, the model, the question sets, and
     * the plumbing shared by all. The feature packages behind the door are the core's own.
     */
    private static final DescribedPredicate<JavaClass> CORE_BEHIND_THE_DOOR = resideInAPackage(CORE)
            .and(not(resideInAnyPackage("app.afterglow.core", "app.afterglow.core.messages", "app.afterglow.core.model",
                    "app.afterglow.core.questions", "app.afterglow.core.store", "app.afterglow.core.util")))
            .as("reside in the core's feature packages");

    /**
     * Of the storage ports, an adapter keeps its own state (grouping writes in a transaction) and
     * delivers the outbox entries its messenger is handed; the stores of people, partnerships and
     * check-ins are the core's alone.
     */
    private static final DescribedPredicate<JavaClass> BUSINESS_STORES = resideInAPackage("app.afterglow.core.store")
            .and(not(belongToAnyOf(AdapterState.class, Transactions.class, OutboxEntry.class)))
            .as("are the core's business stores");

    @ArchTest
    static final ArchRule the_core_depends_on_no_adapter_storage_config_Discord_HTTP_or_SQL = noClasses()
            .that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(DISCORD, MATRIX, CONSOLE, STORAGE, CONFIG,
                    JDA, HTTP, JDBC, JDBC_EXTENSIONS)
            .because("the core is the platform-neutral product; it reaches storage and people only through its ports");

    @ArchTest
    static final ArchRule storage_depends_on_no_adapter_Discord_or_HTTP = noClasses()
            .that().resideInAPackage(STORAGE)
            .should().dependOnClassesThat().resideInAnyPackage(DISCORD, MATRIX, CONSOLE, JDA, HTTP)
            .because("storage implements the core's ports and serves every platform alike");

    @ArchTest
    static final ArchRule config_depends_on_no_adapter_storage_Discord_HTTP_or_SQL = noClasses()
            .that().resideInAPackage(CONFIG)
            .should().dependOnClassesThat().resideInAnyPackage(DISCORD, MATRIX, CONSOLE, STORAGE,
                    JDA, HTTP, JDBC, JDBC_EXTENSIONS)
            .because("config only reads files and variables into records");

    @ArchTest
    static final ArchRule adapters_touch_no_storage_and_no_SQL = noClasses()
            .that().resideInAnyPackage(DISCORD, MATRIX, CONSOLE)
            .should().dependOnClassesThat().resideInAnyPackage(STORAGE, JDBC, JDBC_EXTENSIONS)
            .because("adapters only translate; what is kept is the core's business, through its ports");

    @ArchTest
    static final ArchRule adapters_reach_the_core_only_through_its_door_messages_and_ports = noClasses()
            .that().resideInAnyPackage(DISCORD, MATRIX, CONSOLE)
            .should().dependOnClassesThat(CORE_BEHIND_THE_DOOR)
            .orShould().dependOnClassesThat(BUSINESS_STORES)
            .because("a rule of the product lives once, in the core, and an adapter cannot reach around it");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("app.afterglow.(discord|matrix|console)..")
            .should().notDependOnEachOther()
            .because("each platform runs alone or beside the others, over the same core");

    @ArchTest
    static final ArchRule only_the_Discord_adapter_uses_JDA = noClasses()
            .that().resideInAnyPackage(MATRIX, CONSOLE)
            .should().dependOnClassesThat().resideInAPackage(JDA);

    @ArchTest
    static final ArchRule the_Olm_and_Megolm_ratchets_know_nothing_of_the_bot_Matrix_HTTP_or_storage = noClasses()
            .that().resideInAPackage("app.afterglow.matrix.crypto..")
            .should().dependOnClassesThat().resideInAnyPackage(CORE, STORAGE, CONFIG, DISCORD, CONSOLE, JDA, HTTP,
                    JDBC, "app.afterglow.matrix", "app.afterglow.matrix.e2ee..")
            .because("the ratchets are pure cryptography, checked against libolm on their own");

    @ArchTest
    static final ArchRule the_encryption_reaches_the_homeserver_only_through_its_key_transport = noClasses()
            .that().resideInAPackage("app.afterglow.matrix.e2ee..")
            .should().dependOnClassesThat().resideInAnyPackage(HTTP, "app.afterglow.matrix")
            .because("what the encryption asks of the homeserver is the KeyTransport port, which the adapter implements");

    @ArchTest
    static final ArchRule only_the_Matrix_adapter_uses_the_HTTP_client = noClasses()
            .that().resideInAnyPackage(DISCORD, CONSOLE)
            .should().dependOnClassesThat().resideInAPackage(HTTP);
}
